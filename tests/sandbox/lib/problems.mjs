// RFC 9457 problem details with the Belgif problem types (PLATFORM.md §5). Titles and details
// follow the Belgif REST guide's wording where it gives one.
import { randomUUID } from 'node:crypto';

const BELGIF = 'urn:problem-type:belgif:';
const HREF = 'https://www.belgif.be/specification/rest/api-guide/problems/';

const CATALOGUE = {
  badRequest: [400, 'Bad Request', 'The input message is incorrect'],
  noAccessToken: [401, 'No Access Token', 'No Bearer access token found in Authorization HTTP header'],
  invalidAccessToken: [401, 'Invalid Access Token', 'The Bearer access token found in the Authorization HTTP header is invalid'],
  expiredAccessToken: [401, 'Expired Access Token', 'The Bearer access token found in the Authorization HTTP header has expired'],
  missingScope: [403, 'Missing Scope', 'Forbidden to access the resource because the access token lacks the required scope'],
  missingPermission: [403, 'Missing Permission', 'Not permitted to access this resource'],
  resourceNotFound: [404, 'Resource Not Found', 'The requested resource cannot be found'],
  payloadTooLarge: [413, 'Payload Too Large', 'Request message body exceeds the limit'],
  tooManyRequests: [429, 'Too Many Requests', 'Too many requests; retry later'],
  internalServerError: [500, 'Internal Server Error', 'An unexpected error occurred'],
  badGateway: [502, 'Bad Gateway', 'Error in communication with upstream service'],
  serviceUnavailable: [503, 'Service Unavailable', 'The service is unavailable; retry later'],
};

/** Problem type name for an HTTP status used by faults. */
export const PROBLEM_FOR_STATUS = {
  400: 'badRequest',
  429: 'tooManyRequests',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
};

/** The problem object for a Belgif type name, with `instance` set and `extra` members merged
 * (e.g. `issues`, `requiredScopes`, `retryAfterSec`). `detail` overrides the generic one. */
export function problem(name, { detail, ...extra } = {}) {
  const entry = CATALOGUE[name];
  if (!entry) throw new Error(`unknown problem type ${name}`);
  const [status, title, genericDetail] = entry;
  return {
    type: `${BELGIF}${name}`,
    href: `${HREF}${name}.html`,
    title,
    status,
    detail: detail ?? genericDetail,
    instance: `urn:uuid:${randomUUID()}`,
    ...extra,
  };
}

/** A generic problem for statuses without a Belgif type (RFC 9457 §4.2.1 "about:blank"). */
export function blankProblem(status, title, detail) {
  return { type: 'about:blank', title, status, detail, instance: `urn:uuid:${randomUUID()}` };
}

/** One entry of `issues[]` of a badRequest (Belgif input validation). */
export function issue(kind, { in: location, name, value, detail }) {
  const titles = {
    schemaViolation: 'Input value is invalid with respect to the schema',
    invalidInput: 'Input value is invalid',
    unknownInput: 'Unknown input',
  };
  return {
    type: `${BELGIF}input-validation:${kind}`,
    title: titles[kind],
    detail,
    in: location,
    name,
    ...(value !== undefined ? { value } : {}),
  };
}
