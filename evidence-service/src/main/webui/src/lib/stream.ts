import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useEffect, useSyncExternalStore } from 'react';
import { currentToken } from './api';

/** One event of GET /api/v1/stream: `evidence.*`, `insight.*` or `sync-job.updated`, with its envelope's payload. */
export interface StreamEvent {
  id: string;
  type: string;
  // The payload shapes are the AsyncAPI contract's (camelCase); the screens read the few fields they need.
  payload: Record<string, unknown>;
}

export type StreamStatus = 'connecting' | 'live' | 'offline';

/**
 * The live stream, read with fetch so the request carries the Authorization header (a browser EventSource cannot,
 * and a token in the URL would end up in logs). The server ends the stream when the token expires: it is reopened
 * at once with a fresh token and Last-Event-ID, so nothing is missed; events are deduplicated by id. After a network
 * failure it retries with a growing delay.
 */
class LiveStream {
  private listeners = new Set<(event: StreamEvent) => void>();
  private statusListeners = new Set<() => void>();
  private seen: string[] = [];
  private lastEventId: string | null = null;
  private controller: AbortController | null = null;
  private current: StreamStatus = 'offline';

  start() {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.run(controller.signal);
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
    this.setStatus('offline');
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status = (): StreamStatus => this.current;

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private async run(signal: AbortSignal) {
    let delay = 1000;
    while (!signal.aborted) {
      const token = await currentToken();
      if (!token) break;
      this.setStatus('connecting');
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
      try {
        await fetchEventSource('/api/v1/stream', {
          headers,
          signal,
          openWhenHidden: true,
          onopen: async (response) => {
            if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
              throw new Error(`stream answered ${response.status}`);
            }
            this.setStatus('live');
            delay = 1000;
          },
          onmessage: (message) => this.deliver(message.id, message.event, message.data),
          onerror: (error) => {
            throw error; // no retry inside the library: the loop reconnects with a fresh token
          },
        });
      } catch {
        if (signal.aborted) break;
        this.setStatus('offline');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private deliver(id: string, type: string, data: string) {
    if (!id || !type || !data) return; // heartbeats are comments
    this.lastEventId = id;
    if (this.seen.includes(id)) return;
    this.seen.push(id);
    if (this.seen.length > 500) this.seen.shift();
    let payload: Record<string, unknown> = {};
    try {
      const envelope = JSON.parse(data) as { payload?: Record<string, unknown> };
      payload = envelope.payload ?? {};
    } catch {
      return;
    }
    const event = { id, type, payload };
    this.listeners.forEach((listener) => listener(event));
  }

  private setStatus(status: StreamStatus) {
    if (status === this.current) return;
    this.current = status;
    this.statusListeners.forEach((l) => l());
  }
}

export const liveStream = new LiveStream();

/** Calls `handler` for every stream event whose type starts with one of `prefixes`, while mounted. */
export function useStreamEvents(prefixes: string[], handler: (event: StreamEvent) => void) {
  const key = prefixes.join(',');
  useEffect(() => {
    return liveStream.subscribe((event) => {
      if (key.split(',').some((p) => event.type.startsWith(p))) handler(event);
    });
    // The handler is read fresh on every event through the closure's latest render (see callers' useCallback).
  }, [key, handler]);
}

export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore(liveStream.onStatus, liveStream.status);
}
