import { create } from 'zustand';
import { getConnectionStatus, onConnectionStatus, type ConnectionStatus } from '../api/connection';

interface ConnectionState {
  status: ConnectionStatus;
}

/** The api's connection status, for the banner and the access screen. */
export const useConnection = create<ConnectionState>()(() => ({ status: getConnectionStatus() }));

/** Keeps the store in step with the api; returns the unsubscribe. */
export function followConnection(): () => void {
  useConnection.setState({ status: getConnectionStatus() });
  return onConnectionStatus((status) => useConnection.setState({ status }));
}
