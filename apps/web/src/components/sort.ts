/** A column's sort direction in a plain table (`SortHeader.vue`). */
export type SortDir = 'asc' | 'desc';
