import { api, type Job } from './api';
import { attempt, formatTime, h, showStatus } from './dom';

const kinds: Record<Job['kind'], string> = { scan: 'Scan', thumb_rebuild: 'Thumbnail rebuild' };

export function renderJobs(root: HTMLElement): void {
  const list = h('ul', { class: 'jobs', 'aria-label': 'Jobs' });
  let timer = 0;
  root.replaceChildren(h('section', { class: 'content', 'aria-label': 'Jobs view' },
    h('h2', {}, 'Jobs'),
    h('p', { class: 'hint' }, 'A scan adds files copied into the storage folder by hand and builds missing thumbnails. A rebuild makes every thumbnail again with the current settings.'),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', onclick: () => void start(api.startScan) }, 'Start scan'),
      h('button', { type: 'button', onclick: () => void start(api.startThumbRebuild) }, 'Rebuild thumbnails')),
    list));

  function row(job: Job): HTMLLIElement {
    const max = Math.max(job.total, job.processed, 1);
    const label = `${kinds[job.kind]} ${job.state}`;
    const counts = [`${job.processed} of ${job.total} done`, `${job.indexed} indexed`, `${job.thumbnails_built} thumbnails`, `${job.failed} failed`];
    return h('li', { class: `job ${job.state}` },
      h('div', {}, h('strong', {}, kinds[job.kind]), ` — ${job.state}, started ${formatTime(job.started_at)}`),
      h('progress', { max, value: job.processed, 'aria-label': `${label} progress` }),
      h('div', { class: 'hint' }, counts.join(' · ')),
      job.errors.length ? h('ul', { class: 'job-errors' }, ...job.errors.map((e) => h('li', {}, e))) : null);
  }

  async function load(): Promise<void> {
    if (!root.isConnected) return;
    await attempt(async () => {
      const jobs = await api.jobs();
      list.replaceChildren(...(jobs.length ? jobs.map(row) : [h('li', {}, 'No jobs have run yet.')]));
      window.clearTimeout(timer);
      const running = jobs.find((j) => j.state === 'running');
      if (running) timer = window.setTimeout(() => void poll(running.id), 1000);
    });
  }

  async function poll(id: string): Promise<void> {
    if (!list.isConnected) return;
    const job = await api.job(id);
    if (job.state !== 'running') showStatus(`${kinds[job.kind]} ${job.state}: ${job.processed} of ${job.total} done, ${job.failed} failed.`);
    await load();
  }

  async function start(begin: () => Promise<Job>): Promise<void> {
    await attempt(async () => {
      const job = await begin();
      showStatus(`${kinds[job.kind]} started.`);
      await load();
    });
  }

  void load();
}
