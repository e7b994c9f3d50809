import { useApi } from '@backstage/core-plugin-api';
import type {
  Alert,
  AlertPage,
  AlertSignalMessage,
} from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useLatest from 'react-use/esm/useLatest';
import { useAlertSignals } from './useAlertSignals';

/**
 * A list of alerts, newest first, in keyset pages (`loadPage(cursor)`), that
 * follows the backend's signals: an alert on the list is read again when it
 * changes; any other (a new call) reads the first page again and puts its
 * new alerts on top. `follows` picks the signals that concern this list.
 * A new `loadPage` (other filters) starts the list over.
 */
export function useLiveAlertList(
  loadPage: (cursor?: string) => Promise<AlertPage>,
  follows: (message: AlertSignalMessage) => boolean = () => true,
) {
  const api = useApi(incomingCallApiRef);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const listed = useRef(new Set<string>());
  const currentLoadPage = useLatest(loadPage);

  const show = useCallback((items: Alert[]) => {
    listed.current = new Set(items.map(item => item.id));
    setAlerts(items);
  }, []);

  const [firstPage, loadFirstPage] = useAsyncFn(
    async () => {
      const page = await loadPage();
      if (loadPage !== currentLoadPage.current) {
        return; // the filters changed meanwhile
      }
      show(page.items);
      setNextCursor(page.nextCursor);
    },
    [loadPage, show],
    { loading: true },
  );
  useEffect(() => {
    loadFirstPage();
  }, [loadFirstPage]);

  const [morePage, loadMore] = useAsyncFn(async () => {
    const page = await loadPage(nextCursor);
    setAlerts(previous => {
      const more = [...previous, ...page.items];
      listed.current = new Set(more.map(item => item.id));
      return more;
    });
    setNextCursor(page.nextCursor);
  }, [loadPage, nextCursor]);

  const replace = useCallback((changed: Alert) => {
    setAlerts(previous =>
      previous.map(alert =>
        alert.id === changed.id ? summaryOf(changed) : alert,
      ),
    );
  }, []);

  const addNewest = useCallback((newest: Alert[]) => {
    setAlerts(previous => {
      const known = new Map(newest.map(alert => [alert.id, alert]));
      const added = newest.filter(alert => !listed.current.has(alert.id));
      const merged = [
        ...added,
        ...previous.map(alert => known.get(alert.id) ?? alert),
      ];
      listed.current = new Set(merged.map(item => item.id));
      return merged;
    });
  }, []);

  useAlertSignals(message => {
    if (!follows(message)) {
      return;
    }
    // A live update that fails leaves the list as it was, to be refreshed
    // by the next signal or a reload; it is no reason to hide the list.
    if (listed.current.has(message.alertId)) {
      api.getAlert(message.alertId).then(replace, () => undefined);
    } else {
      loadPage().then(
        page => addNewest(page.items),
        () => undefined,
      );
    }
  });

  return {
    alerts,
    nextCursor,
    /** True until the first page has come. */
    loading: firstPage.loading,
    error: firstPage.error,
    morePage,
    loadMore,
    replace,
  };
}

/** An alert as a list holds it: without the timeline `getAlert` brings. */
function summaryOf(alert: Alert): Alert {
  const { events: _events, ...summary } = alert as Alert & { events?: unknown };
  return summary;
}
