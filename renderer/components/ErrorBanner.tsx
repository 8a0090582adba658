/** A plain-language error banner (role="alert") with a dismiss button; renders nothing without a message. */
export function ErrorBanner({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div role="alert" className="banner banner-error">
      <span className="banner-text">{message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
