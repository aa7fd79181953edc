/**
 * Sending side of the message contract (content scripts and extension pages): one call per
 * message, typed by lib/messages.ts, unwrapping the reply envelope into data or an Error.
 */
import { browser } from 'wxt/browser';
import type { MessageOf, MessageType, Reply, ResponseMap } from './messages';

/** Sends a message to the background and returns its data; throws with the Chinese reason. */
export async function send<T extends MessageType>(msg: MessageOf<T>): Promise<ResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage(msg)) as Reply<T> | undefined;
  if (!reply) throw new Error('后台没有应答');
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
