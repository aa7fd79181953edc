/**
 * 「正文在附件中，尚未审查」: the draft of this notice is in its attachments, which have not been
 * reviewed — said instead of 「未发现问题」, with a button per readable attachment.
 */
import type { PendingAttachment } from '../rules/formats/attachments';
import { readableAttachment } from '../rules/formats/attachments';
import { useT } from './i18n';
import { clip } from './labels';

/** Props of {@link PendingAttachments}. */
export interface PendingAttachmentsProps {
  pending: readonly PendingAttachment[];
  onReview(a: PendingAttachment): void;
  /** Class prefix: `gs` in the page's shadow root, none on extension pages. */
  prefix?: string;
}

/** The notice and its attachments' buttons. */
export function PendingAttachments({ pending, onReview, prefix = '' }: PendingAttachmentsProps) {
  const t = useT();
  const c = (name: string) => (prefix ? `${prefix}-${name}` : name);
  return (
    <div class={c('pending')} role="status" data-testid="pending-attachments">
      <p class={c('pending-note')}>{t('badge.pendingAttachment')}</p>
      <ul>
        {pending.slice(0, 6).map((a) => (
          <li key={a.href}>
            <span>{clip(a.name, 40)}</span>{' '}
            {readableAttachment(a) ? (
              <button type="button" class={c('review-att')} onClick={() => onReview(a)}>
                {t('badge.reviewAttachment')}
              </button>
            ) : (
              <span class={c('pending-old')}>{t('badge.saveAsDocx')}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
