import { createTaskGroup, sleep } from 'corral';

export async function main(): Promise<void> {
  await createTaskGroup((tg) => {
    tg.startSoon(() => sleep(10));
    tg.startSoon(() => sleep(20));
  });
}
