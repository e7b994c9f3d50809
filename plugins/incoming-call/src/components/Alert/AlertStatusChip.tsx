import Chip from '@material-ui/core/Chip';
import type { AlertStatus } from '@icr/plugin-incoming-call-common';

const COLORS: Record<AlertStatus, 'secondary' | 'primary' | 'default'> = {
  open: 'secondary',
  acknowledged: 'primary',
  closed: 'default',
};

export function AlertStatusChip(props: { status: AlertStatus }) {
  return (
    <Chip
      size="small"
      label={props.status}
      color={COLORS[props.status]}
      variant={props.status === 'closed' ? 'outlined' : 'default'}
    />
  );
}
