/**
 * What a call is doing now. Giving the call new TwiML or ending it stops
 * the scope, and every wait started in it ends at once.
 */
export class Scope {
  #stopped = false;
  readonly #onStop = new Set<() => void>();

  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const listener of [...this.#onStop]) listener();
  }

  /** A scope that stops with this one, or on its own. */
  child(): Scope {
    const child = new Scope();
    const stop = () => child.stop();
    this.onStop(stop);
    child.onStop(() => this.#onStop.delete(stop));
    return child;
  }

  onStop(listener: () => void): () => void {
    this.#onStop.add(listener);
    return () => this.#onStop.delete(listener);
  }
}

/**
 * The network's work in progress (webhooks, TwiML being followed), so that
 * tests can wait until it is quiet. A call waiting for a person, another
 * call or the clock is not work in progress.
 */
export class Activity {
  #busy = 0;
  #idle: Array<() => void> = [];
  readonly #errors: unknown[] = [];

  /** Counts `work` until it ends; a failure is kept for `settled`. */
  track(work: Promise<unknown>): void {
    this.#busy++;
    work
      .catch(error => {
        this.#errors.push(error);
      })
      .finally(() => this.#release());
  }

  /**
   * Waits, off the count, until `start`'s `resume` is called or `scope`
   * stops (then it resolves undefined). `start` returns how to clean up.
   */
  wait<T>(
    scope: Scope,
    start: (resume: (value: T) => void) => (() => void) | void,
  ): Promise<T | undefined> {
    if (scope.stopped) return Promise.resolve(undefined);
    return new Promise(resolve => {
      let done = false;
      let cleanUp: (() => void) | void = undefined;
      let stopListening = () => {};
      const finish = (value: T | undefined) => {
        if (done) return;
        done = true;
        stopListening();
        cleanUp?.();
        this.#busy++;
        resolve(value);
      };
      stopListening = scope.onStop(() => finish(undefined));
      cleanUp = start(finish);
      if (done) cleanUp?.();
      this.#release();
    });
  }

  /** Resolves once nothing is in progress. */
  async idle(): Promise<void> {
    while (this.#busy > 0) {
      await new Promise<void>(resolve => this.#idle.push(resolve));
    }
  }

  /** Like `idle`, then throws the first failure since the last call. */
  async settled(): Promise<void> {
    await this.idle();
    const [error] = this.#errors.splice(0);
    if (error) throw error;
  }

  #release() {
    this.#busy--;
    if (this.#busy === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}
