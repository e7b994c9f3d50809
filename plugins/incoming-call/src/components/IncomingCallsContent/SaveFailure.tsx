import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** Why the server refused a save, in words for the person who tried. */
export function SaveFailure(props: { error: Error; teamTitle: string }) {
  const { error, teamTitle } = props;
  if (!ResponseError.is(error)) {
    return <Alert severity="error">{error.message}</Alert>;
  }
  const serverMessage = error.cause.message;
  switch (error.statusCode) {
    case 403:
      return (
        <Alert severity="error">
          <AlertTitle>Not allowed</AlertTitle>
          {serverMessage ||
            `Only members of ${teamTitle} may change its call routing`}
        </Alert>
      );
    case 400:
      return (
        <Alert severity="error">
          <AlertTitle>The server refused some fields</AlertTitle>
          See the messages next to them. ({serverMessage})
        </Alert>
      );
    // A number another integration has, or one past the caps of numbers.
    case 409:
      return (
        <Alert severity="error">
          <AlertTitle>Phone numbers refused</AlertTitle>
          {serverMessage}
        </Alert>
      );
    default:
      return (
        <Alert severity="error">
          <AlertTitle>The change could not be stored</AlertTitle>
          {serverMessage || error.message}
        </Alert>
      );
  }
}
