export { ScheduleOverrides } from './ScheduleOverrides';
