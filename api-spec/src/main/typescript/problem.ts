// Hand-written part of @muq/client (copied beside the generated sources by the build): the service's
// RFC 9457 problem answers as a typed error.
import { Configuration, ConfigurationParameters, Middleware, ResponseContext, ResponseError } from './runtime.js';
import { Problem, ProblemFromJSON } from './models/Problem.js';

/** A call the service refused with an application/problem+json document. */
export class ProblemError extends ResponseError {
    /** The stable problem type URI, e.g. https://muq.ai/problems/unknown-model. */
    readonly type: string;
    readonly status: number;
    readonly title: string;
    readonly detail?: string;

    constructor(response: Response, readonly problem: Problem) {
        super(response, `${problem.status} ${problem.title}: ${problem.detail ?? problem.type}`);
        Object.setPrototypeOf(this, new.target.prototype);
        this.type = problem.type;
        this.status = problem.status;
        this.title = problem.title;
        this.detail = problem.detail;
    }
}

/** Turns every problem+json answer into a ProblemError (other failures stay ResponseError). */
export const problemMiddleware: Middleware = {
    async post(context: ResponseContext): Promise<Response | void> {
        const response = context.response;
        const contentType = response.headers.get('content-type') ?? '';
        if (response.status >= 400 && contentType.toLowerCase().startsWith('application/problem+json')) {
            const problem = ProblemFromJSON(await response.clone().json());
            throw new ProblemError(response, problem);
        }
        return response;
    },
};

/** A Configuration whose APIs throw ProblemError for the service's problem answers. */
export function muqConfiguration(parameters: ConfigurationParameters = {}): Configuration {
    return new Configuration({ ...parameters, middleware: [problemMiddleware, ...(parameters.middleware ?? [])] });
}
