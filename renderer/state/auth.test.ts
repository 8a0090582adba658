import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthStatusView, CallOutcome } from '../../contract';

const calls = vi.hoisted(() => ({
  status: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  listeners: [] as ((o: { name: string; code: string | null; message: string | null }) => void)[],
}));

vi.mock('../api/client', () => {
  class ApiCallError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }
  return {
    ApiCallError,
    api: { 'auth.status': calls.status, 'auth.signIn': calls.signIn, 'auth.signOut': calls.signOut },
    messageOf: (e: unknown) => (e instanceof Error ? e.message : 'failed'),
    onCallOutcome: (l: (o: CallOutcome) => void) => {
      calls.listeners.push(l as never);
      return () => undefined;
    },
  };
});

const { ApiCallError } = await import('../api/client');
const { needsSignIn, useAuth, watchCalls, windowControl } = await import('./auth');

const signedIn = (username: string, role: 'technician' | 'engineer' = 'technician'): AuthStatusView => ({
  setupMode: false,
  user: { username, displayName: username, role, meterUserId: null },
  permissions: ['signedIn', 'meter.read'],
  maxMeterPasswordLevel: 1,
  sessionExpiresUtc: '2030-01-01T00:00:00.000Z',
  idleTimeoutMinutes: 30,
});
const signedOut: AuthStatusView = { setupMode: false, user: null, permissions: [], maxMeterPasswordLevel: 0, sessionExpiresUtc: null, idleTimeoutMinutes: 30 };

describe('sign-in slice', () => {
  const reload = vi.fn();
  beforeEach(() => {
    vi.clearAllMocks();
    windowControl.reload = reload;
    useAuth.setState({ status: null, loadError: null, shownFor: null, sessionEnded: null, busy: false, error: null });
  });

  it('asks for a sign-in when users exist and nobody is signed in', async () => {
    calls.status.mockResolvedValue(signedOut);
    await useAuth.getState().load();
    expect(needsSignIn(useAuth.getState())).toBe(true);
    expect(useAuth.getState().shownFor).toBeNull();
  });

  it('keeps the screens when a lost session is signed in again by the same user', async () => {
    calls.status.mockResolvedValue(signedIn('tom'));
    await useAuth.getState().load();
    expect(useAuth.getState().shownFor).toBe('tom');
    useAuth.getState().sessionLost('Your session ended after 30 minutes without activity. Sign in again.');
    const lost = useAuth.getState();
    expect(needsSignIn(lost)).toBe(true);
    expect(lost.sessionEnded).toMatch(/30 minutes/);
    expect(lost.status?.permissions).toEqual(['signedIn', 'meter.read']);
    calls.signIn.mockResolvedValue(signedIn('Tom'));
    expect(await useAuth.getState().signIn('Tom', 'pw')).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    expect(useAuth.getState().sessionEnded).toBeNull();
    expect(needsSignIn(useAuth.getState())).toBe(false);
  });

  it('starts clean (reload) when another user signs in over someone else’s screens, and on sign-out', async () => {
    useAuth.setState({ status: signedOut, shownFor: 'tom' });
    calls.signIn.mockResolvedValue(signedIn('erin', 'engineer'));
    await useAuth.getState().signIn('erin', 'pw');
    expect(reload).toHaveBeenCalledTimes(1);
    calls.signOut.mockRejectedValue(new Error('offline'));
    await useAuth.getState().signOut();
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('keeps the plain message of a refused sign-in', async () => {
    useAuth.setState({ status: signedOut });
    calls.signIn.mockRejectedValue(new ApiCallError('LOCKED', 'This account is locked after 5 failed sign-ins, until 14:05 UTC.'));
    expect(await useAuth.getState().signIn('tom', 'bad')).toBe(false);
    expect(useAuth.getState().error).toMatch(/locked .* until 14:05 UTC/);
    expect(useAuth.getState().busy).toBe(false);
  });

  it('opens the sign-in when any call but a sign-in call is refused with SIGN_IN_REQUIRED', () => {
    useAuth.setState({ status: signedIn('tom'), shownFor: 'tom' });
    watchCalls();
    const tell = calls.listeners.at(-1)!;
    tell({ name: 'auth.signIn', code: 'SIGN_IN_REQUIRED', message: 'x' });
    tell({ name: 'listPorts', code: 'FORBIDDEN', message: 'no' });
    expect(needsSignIn(useAuth.getState())).toBe(false);
    tell({ name: 'listPorts', code: 'SIGN_IN_REQUIRED', message: 'Sign in first.' });
    expect(needsSignIn(useAuth.getState())).toBe(true);
    expect(useAuth.getState().sessionEnded).toBe('Sign in first.');
  });
});
