// The three places an order can go (docs/colt-api.md, "Targets"). The emulator's port varies, so
// every caller may override the base URL; the names and labels stay fixed.
export type TargetName = 'emulator' | 'sandbox' | 'production';

export const TARGET_NAMES = ['emulator', 'sandbox', 'production'] as const satisfies readonly TargetName[];

export const TARGETS: Record<TargetName, { label: string; baseUrl: string }> = {
  emulator: { label: 'Local emulator', baseUrl: 'http://127.0.0.1:4010' },
  sandbox: { label: 'Colt sandbox', baseUrl: 'https://sandbox.apis.colt.net' },
  production: { label: 'Colt production', baseUrl: 'https://apis.colt.net' },
};

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}

/** The base URL without a trailing slash, so that paths can be appended as they are documented. */
export function resolveBaseUrl(target: TargetName, override?: string): string {
  const raw = override && override.trim() !== '' ? override.trim() : TARGETS[target].baseUrl;
  return raw.replace(/\/+$/, '');
}

function hostnameOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    // WHATWG URL parsing already lower-cases the host, drops user info and normalises IPs (127.1 → 127.0.0.1).
    return parsed.hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

const PRODUCTION_HOST = hostnameOf(TARGETS.production.baseUrl)!;

/**
 * Whether a URL points at Colt production, whatever target name it comes with: the host decides,
 * so that `--target sandbox --base-url https://apis.colt.net` needs the same confirmation.
 */
export function isProductionUrl(url: string): boolean {
  return hostnameOf(url) === PRODUCTION_HOST;
}

/** Whether an http(s) URL stays on this machine: 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackUrl(url: string): boolean {
  const host = hostnameOf(url);
  if (host === undefined) return false;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Paths of Colt's API, in one place (the status path is an assumption: docs/colt-api.md, "Status lookup"). */
export const API_PATHS = {
  token: '/authentication/v1/oauth/token',
  order: '/numberManagement/v1/reactivate/order',
  orderStatus: (orderId: string) => `/numberManagement/v1/reactivate/order/${encodeURIComponent(orderId)}`,
} as const;
