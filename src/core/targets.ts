// The three places an order can go (COLT-API.md, "Targets"). The emulator's port varies, so
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

/** Paths of Colt's API, in one place (the status path is an assumption: COLT-API.md, "Order status"). */
export const API_PATHS = {
  token: '/authentication/v1/oauth/token',
  order: '/numberManagement/v1/reactivate/order',
  orderStatus: (orderId: string) => `/numberManagement/v1/reactivate/order/${encodeURIComponent(orderId)}`,
} as const;
