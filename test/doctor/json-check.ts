/** One check of `migrate doctor --json` as a user's script reads it (the shape the tests hold the output to). */
export interface JsonCheck {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  items: string[];
  fix: string | null;
}
