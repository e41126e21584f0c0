/** Contact details a visitor types into the widget (pre-chat and leave-a-message forms). */

/** Longest name and e-mail address accepted (e-mail: RFC 5321 path limit). */
export const CONTACT_LIMITS = { name: 120, email: 254 } as const;

/** A plausible e-mail address: something@domain.tld, no spaces. Deliverability is not our call. */
export function isEmail(s: string): boolean {
  return s.length <= CONTACT_LIMITS.email && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]{2,}$/.test(s);
}
