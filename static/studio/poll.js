// Polling a job until it is done or failed (pure: fetch and the clock are injected).

export const FINISHED = new Set(["done", "failed"]);

/**
 * pollJob(url, {fetchJson, sleep, onUpdate, intervalMs, maxIntervalMs, timeoutMs, now}) → job.
 * Calls onUpdate(job) after every answer; backs off from intervalMs to maxIntervalMs.
 */
export async function pollJob(url, options) {
  const {
    fetchJson,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onUpdate = () => {},
    intervalMs = 400,
    maxIntervalMs = 2000,
    timeoutMs = 10 * 60 * 1000,
    now = () => Date.now(),
  } = options;
  const started = now();
  let interval = intervalMs;
  for (;;) {
    const job = await fetchJson(url);
    onUpdate(job);
    if (FINISHED.has(job.status)) return job;
    if (now() - started > timeoutMs) throw new Error(`the job did not finish in ${timeoutMs / 1000} s`);
    await sleep(interval);
    interval = Math.min(maxIntervalMs, Math.round(interval * 1.5));
  }
}
