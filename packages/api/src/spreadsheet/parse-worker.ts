/** Worker script of the import reader (see offload.ts): reads an upload's data sheet off the main thread. */
import { serveTasks } from '../workers/serve.ts';
import type { TableSpec } from './columns.ts';
import { readTable } from './read.ts';

serveTasks({
  readTable: (args: { buffer: Uint8Array; spec: TableSpec }, progress) =>
    readTable(Buffer.from(args.buffer.buffer, args.buffer.byteOffset, args.buffer.byteLength), args.spec, (done, total) => progress([done, total])),
});
