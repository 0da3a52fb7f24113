// Dates as the Single Window writes them, YYYY-MM-DD, whatever the browser's locale (never mm/dd/yyyy).

/** The date part of an ISO date or timestamp (`2026-12-06T06:21:54Z` → `2026-12-06`); '' for nothing. */
export function ymd(value: string | undefined | null): string {
  if (!value) return '';
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1] ?? value;
}

/** A timestamp as `YYYY-MM-DD HH:mm:ss` in local time, as the portal's header and lists show it. */
export function ymdHms(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
