// Lets readers of public agency data (the portal's page cache) forget it when an agency changes
// in this process. Other processes rely on the cache's short lifetime.
const listeners = new Set<() => void>();

export function onAgenciesChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function agenciesChanged(): void {
  for (const listener of listeners) listener();
}
