/**
 * The address buyer `index` appears to come from: one per buyer in 10.0.0.0/8, the way a load balancer reports each
 * client in X-Forwarded-For. An app that trusts one proxy hop (TRUST_PROXY=1) then rate-limits each buyer on its own,
 * as it does in production behind the balancer.
 */
export function clientAddress(index: number): string {
  return `10.${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}`;
}
