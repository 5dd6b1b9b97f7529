/** A configuration problem found at start-up. Its message names the key, the value and what is expected. */
export class RailConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RailConfigurationError';
  }
}
