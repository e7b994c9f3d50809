import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const useStyles = makeStyles({
  // Out of sight but read by screen readers: the chart itself is hidden from them.
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export interface BarDatum {
  label: string;
  value: number;
}

interface BarChartWithTableProps {
  title: string;
  /** What the bars are, as the table's first column says (e.g. "Hour"). */
  categoryLabel: string;
  /** What their height counts (e.g. "Calls"). */
  valueLabel: string;
  data: BarDatum[];
}

/**
 * A bar chart with its figures as a table: the table is always in the page
 * for screen readers, and a toggle shows it instead of the chart.
 */
export function BarChartWithTable(props: BarChartWithTableProps) {
  const { title, categoryLabel, valueLabel, data } = props;
  const classes = useStyles();
  const theme = useTheme();
  const headingId = useId();
  const [asTable, setAsTable] = useState(false);

  return (
    <Box component="section" aria-labelledby={headingId} position="relative">
      <Box display="flex" alignItems="center" mb={1}>
        <Box flexGrow={1}>
          <Typography variant="subtitle1" component="h3" id={headingId}>
            {title}
          </Typography>
        </Box>
        <Button
          size="small"
          aria-pressed={asTable}
          onClick={() => setAsTable(shown => !shown)}
        >
          {asTable ? 'Show chart' : 'Show table'}
        </Button>
      </Box>
      {!asTable && (
        <Box aria-hidden height={220}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" interval="preserveStartEnd" />
              <YAxis allowDecimals={false} width={40} />
              <Tooltip />
              <Bar
                dataKey="value"
                name={valueLabel}
                fill={theme.palette.primary.main}
              />
            </BarChart>
          </ResponsiveContainer>
        </Box>
      )}
      <Table
        size="small"
        aria-label={title}
        className={asTable ? undefined : classes.visuallyHidden}
      >
        <TableHead>
          <TableRow>
            <TableCell>{categoryLabel}</TableCell>
            <TableCell align="right">{valueLabel}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map(datum => (
            <TableRow key={datum.label}>
              <TableCell>{datum.label}</TableCell>
              <TableCell align="right">{datum.value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
