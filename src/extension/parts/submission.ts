// Part "submission" (src/extension/parts.ts): the one way to submit, loaded by the first submission.
export { SubmissionService } from '../submission/submissionService';
