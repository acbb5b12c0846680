import { create } from 'zustand';

/** The inbox's tabs: waiting for a person, no longer waiting, or everything. */
export type InboxTab = 'pending' | 'decided' | 'all';

/** The tab and bot the Approvals inbox shows; its rows are in the query cache (queries/approvals). */
export const useInboxView = create<{ tab: InboxTab; botId: string | null }>()(() => ({ tab: 'pending', botId: null }));
