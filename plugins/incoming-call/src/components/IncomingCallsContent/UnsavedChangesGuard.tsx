import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useEffect, useRef, useState } from 'react';

/** A click on a link to another page of the app, or undefined. */
function leavingLink(event: MouseEvent): HTMLAnchorElement | undefined {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return undefined;
  }
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement) || link.target === '_blank') {
    return undefined;
  }
  const to = new URL(link.href, window.location.href);
  const here = window.location;
  const samePage =
    to.origin === here.origin &&
    to.pathname === here.pathname &&
    to.search === here.search;
  return samePage ? undefined : link;
}

/**
 * Asks before changes are lost: the browser's own prompt when the page is
 * closed or reloaded, and a dialog when a link of the app (another tab of
 * the entity, the sidebar) is followed. The app's router has no way to
 * block a navigation (it is not a data router, so react-router's
 * `useBlocker` is not available), so the dialog catches the click on the
 * link before the router sees it, and follows the link when told to leave.
 * The browser's back button is not caught.
 */
export function UnsavedChangesGuard(props: { dirty: boolean }) {
  const { dirty } = props;
  const [pending, setPending] = useState<HTMLAnchorElement>();
  const leaving = useRef(false);

  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      const link = leaving.current ? undefined : leavingLink(event);
      if (link) {
        event.preventDefault();
        event.stopPropagation();
        setPending(link);
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    // In the capture phase, before the router's own handler on the link.
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);

  const leave = () => {
    const link = pending;
    setPending(undefined);
    leaving.current = true;
    link?.click();
    leaving.current = false;
  };

  return (
    <Dialog
      open={pending !== undefined}
      onClose={() => setPending(undefined)}
      aria-labelledby="incoming-call-leave-title"
    >
      <DialogTitle id="incoming-call-leave-title">
        Leave without saving?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Your changes to the call routing are not saved yet. If you leave, they
          are lost.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setPending(undefined)} color="primary">
          Stay and keep editing
        </Button>
        <Button onClick={leave}>Leave and discard changes</Button>
      </DialogActions>
    </Dialog>
  );
}
