/**
 * What the window shows before the workstation: "Connecting…", the start-up error (with Retry), or — once users
 * exist and nobody is signed in in this window — the sign-in screen. When a session ends while screens are open
 * (a call refused with SIGN_IN_REQUIRED, or the 8 h / 30 min limits passed), the sign-in dialog opens over them and
 * the screens keep their state for the same user (another user's sign-in reloads the window: ../../state/auth.ts);
 * closing the dialog signs out and starts clean.
 */
import { useEffect, type ReactNode } from 'react';
import { idleFor, needsSignIn, useAuth, watchCalls } from '../../state/auth';
import { ErrorBanner } from '../ErrorBanner';
import { Modal } from '../Modal';
import { SignInForm } from './SignInForm';

/** Seconds between checks whether the session's time is up (no call is made unless it is). */
const CHECK_EVERY_MS = 20_000;
/** Slack after the idle limit before asking main (clocks and the last call's travel time). */
const IDLE_SLACK_MS = 5_000;

/** Ask main again once the session's absolute end or idle limit has passed (auth.status would otherwise extend it). */
function useSessionClock(): void {
  const status = useAuth((s) => s.status);
  useEffect(() => {
    if (!status || status.setupMode || !status.user) return;
    const end = status.sessionExpiresUtc ? Date.parse(status.sessionExpiresUtc) : Number.POSITIVE_INFINITY;
    const idleMs = status.idleTimeoutMinutes * 60_000 + IDLE_SLACK_MS;
    const timer = setInterval(() => {
      if (Date.now() >= end || idleFor() >= idleMs) void useAuth.getState().load();
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [status]);
}

function SignInScreen() {
  return (
    <div className="auth-screen">
      <section className="panel auth-panel" aria-label="Sign in to PMU Workstation">
        <h1 className="auth-title">PMU Workstation</h1>
        <p className="muted">This workstation has users: sign in to work. Every action is recorded in the audit trail under your name.</p>
        <SignInForm />
      </section>
    </div>
  );
}

function SessionEndedDialog() {
  const message = useAuth((s) => s.sessionEnded);
  const user = useAuth((s) => s.shownFor);
  return (
    <Modal title="Sign in again" onClose={() => void useAuth.getState().signOut()}>
      <p role="status" aria-label="Session ended">
        Your session has ended, so the last action was not done. Sign in again to go on: your screens are kept.
      </p>
      {message && <p className="muted hint">{message}</p>}
      <SignInForm initialUser={user ?? ''} />
    </Modal>
  );
}

/** Wraps the workstation: shows it only when it may be used, and the sign-in when needed. */
export function AuthGate({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const loadError = useAuth((s) => s.loadError);
  const shownFor = useAuth((s) => s.shownFor);
  const signInNeeded = useAuth(needsSignIn);
  useSessionClock();
  useEffect(() => {
    const stop = watchCalls();
    void useAuth.getState().load();
    return stop;
  }, []);

  if (!status) {
    return (
      <div className="auth-screen">
        <section className="panel auth-panel" aria-label="Starting">
          <h1 className="auth-title">PMU Workstation</h1>
          {loadError ? (
            <>
              <ErrorBanner message={loadError} onDismiss={() => void useAuth.getState().load()} />
              <button type="button" className="button button-primary" onClick={() => void useAuth.getState().load()}>
                Retry
              </button>
            </>
          ) : (
            <p className="muted">Connecting to the workstation…</p>
          )}
        </section>
      </div>
    );
  }
  if (signInNeeded && shownFor === null) return <SignInScreen />;
  return (
    <>
      {children}
      {signInNeeded && <SessionEndedDialog />}
    </>
  );
}
