import { Queue } from 'corral';

export async function drain(jobs: Queue<number>, done: number[]): Promise<void> {
  for (;;) {
    const job = jobs.getNowait();
    if (job < 0) return;
    done.push(job);
  }
}
