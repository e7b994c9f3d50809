import { retryTransient } from './retryTransient';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('retryTransient', () => {
  it('runs a statement that lost a race again, up to its attempts', async () => {
    const work = jest
      .fn()
      .mockRejectedValueOnce(failure('40P01'))
      .mockRejectedValueOnce(failure('40001'))
      .mockResolvedValue('done');

    await expect(retryTransient(work)).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(3);

    const losing = jest.fn().mockRejectedValue(failure('40P01'));
    await expect(retryTransient(losing, 2)).rejects.toThrow('40P01');
    expect(losing).toHaveBeenCalledTimes(2);
  });

  it('gives any other error back at once', async () => {
    const work = jest.fn().mockRejectedValue(failure('23505'));

    await expect(retryTransient(work)).rejects.toThrow('23505');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
