/** `jane.doe@acme.example` → `j***@acme.example`. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return at > 0 ? `${value.charAt(0)}***${value.slice(at)}` : '***';
}

/** `+49 30 1234 5678` → `***-***-5678`: only the last four digits stay. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `***-***-${digits.slice(-4)}`;
}
