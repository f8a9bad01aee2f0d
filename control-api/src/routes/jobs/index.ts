// /v1/jobs: the pipeline's jobs (one per source dropped into content/inbox/), newest first, with status,
// attempts, progress, timings, the ffmpeg command line and the stderr tail of a failure. Jobs show server
// paths and encoder output, so they need the broadcaster key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Job, JobStatus } from '../../contracts/jobs.js';
import { Id } from '../../contracts/lineup.js';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';

export const JOBS_ROUTE_DEFAULTS = {
  limit: 100, // jobs per response
  maxLimit: 1000, // jobs per response
};

const JobList = Type.Object(
  {
    jobs: Type.Array(Job),
    /** Jobs matching the filter before the limit was applied. */
    total: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
const JobQuery = Type.Object(
  {
    status: Type.Optional(JobStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: JOBS_ROUTE_DEFAULTS.maxLimit, default: JOBS_ROUTE_DEFAULTS.limit })),
  },
  { additionalProperties: false },
);
const JobParams = Type.Object({ id: Id });
const errors = { '4xx': ErrorReply };

export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/jobs',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['jobs'],
        summary: 'Pipeline jobs, newest first (filter by status)',
        querystring: JobQuery,
        response: { 200: JobList, ...errors },
      },
    },
    async (request) => {
      const all = await app.store.listJobs();
      const matching = request.query.status ? all.filter((j) => j.status === request.query.status) : all;
      return { jobs: matching.slice(0, request.query.limit ?? JOBS_ROUTE_DEFAULTS.limit), total: matching.length };
    },
  );

  app.get(
    '/v1/jobs/:id',
    {
      config: { auth: 'broadcaster' },
      schema: { tags: ['jobs'], summary: 'One pipeline job', params: JobParams, response: { 200: Job, ...errors } },
    },
    async (request) => {
      const job = await app.store.getJob(request.params.id);
      if (!job) throw new Errors.JobNotFound(request.params.id);
      return job;
    },
  );
};
