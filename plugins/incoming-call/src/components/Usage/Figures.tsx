import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
  },
  value: { margin: 0 },
}));

export interface Figure {
  label: string;
  value: string;
  /** What the figure means or how it was counted, under it. */
  hint?: string;
}

function FigureItem(props: { figure: Figure; className: string }) {
  const { figure, className } = props;
  return (
    <Box>
      <Typography component="dt" variant="caption" color="textSecondary">
        {figure.label}
      </Typography>
      <dd className={className}>
        <Typography component="span" variant="h5" display="block">
          {figure.value}
        </Typography>
        {figure.hint && (
          <Typography
            component="span"
            variant="caption"
            color="textSecondary"
            display="block"
          >
            {figure.hint}
          </Typography>
        )}
      </dd>
    </Box>
  );
}

/** Key figures, each a label over its value (a description list). */
export function Figures(props: { label: string; figures: Figure[] }) {
  const { label, figures } = props;
  const classes = useStyles();
  return (
    <div role="group" aria-label={label}>
      <dl className={classes.list}>
        {figures.map(figure => (
          <FigureItem
            key={figure.label}
            figure={figure}
            className={classes.value}
          />
        ))}
      </dl>
    </div>
  );
}
