import { sleep } from 'corral';

export async function poll(): Promise<string> {
  try {
    await sleep(100);
    return 'done';
  } catch (error) {
    console.error(error);
    return 'failed';
  }
}
