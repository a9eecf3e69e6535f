/**
 * Upload of an application's materials (`POST /api/applications/:id/materials[/:materialId]`)
 * with upload progress (XMLHttpRequest: fetch reports none), and their download paths.
 */
import { ApiError } from './files.ts';
import type { LocalizedText } from '../i18n/index.ts';
import { announceChange } from './mutations.ts';

export interface UploadedMaterial {
  id: number;
  title: string;
  kind: string;
  confidential: boolean;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
}

function isText(v: unknown): v is LocalizedText {
  return !!v && typeof v === 'object' && typeof (v as LocalizedText).zh === 'string' && typeof (v as LocalizedText).en === 'string';
}

/** The error of a failed upload answer, from the server's shared error body. */
export function uploadError(status: number, text: string): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const b = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown };
  return new ApiError(status, typeof b.code === 'string' ? b.code : `HTTP_${status}`, isText(b.message) ? b.message : null, body);
}

export function uploadMaterial(
  applicationId: number,
  file: File,
  fields: { kind: string; confidential: boolean; title?: string },
  onProgress: (fraction: number) => void = () => {},
  replaces?: number,
): Promise<UploadedMaterial> {
  const form = new FormData();
  form.append('kind', fields.kind);
  form.append('confidential', fields.confidential ? 'true' : 'false');
  if (fields.title) form.append('title', fields.title);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/applications/${applicationId}/materials${replaces ? `/${replaces}` : ''}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as UploadedMaterial);
        announceChange('materials');
      } else reject(uploadError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', null, null));
    xhr.send(form);
  });
}
