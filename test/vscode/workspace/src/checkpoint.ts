import { sleep } from 'corral';

export async function yieldOnce(): Promise<void> {
  await sleep(0);
}
