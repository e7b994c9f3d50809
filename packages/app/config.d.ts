export interface Config {
  app?: {
    signIn?: {
      /**
       * The sign-in providers the sign-in page offers: `guest` (the
       * embedded default) and `github`. Each needs its provider configured
       * under `auth.providers` on the backend too.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
