/**
 * The office's sync state in one line (popup): 办公室共享日志：已同步 / 待同步 N 条 / 离线 /
 * 错误：… Nothing when no office is connected. Props in, text out.
 */
import { useT, type Translate } from './i18n';

export interface OfficeStatusProps {
  status: 'synced' | 'pending' | 'offline' | 'error' | 'connecting';
  pending: number;
  error: string;
}

/** 已同步 / 待同步 N 条 / 离线 / 错误：… / 正在连接… (the popup's line and the options page). */
export function officeStateLabel(t: Translate, state: OfficeStatusProps): string {
  return state.status === 'synced'
    ? t('options.office.stateSynced')
    : state.status === 'pending'
      ? t('options.office.statePending', [state.pending])
      : state.status === 'offline'
        ? t('options.office.stateOffline')
        : state.status === 'error'
          ? t('options.office.stateError', [state.error])
          : t('options.office.stateConnecting');
}

export function OfficeStatus({ state }: { state: OfficeStatusProps | null }) {
  const t = useT();
  if (!state) return null;
  const label = officeStateLabel(t, state);
  return (
    <p class="muted" data-testid="office-status" data-status={state.status}>
      {t('options.office.title')}：{label}
    </p>
  );
}
