/** Matches a method and path against every registered route (`/v1/products/:id`). */
import { p } from './wire/params.js';
import type { ObjectType, ResourceModule, Route } from './resources/registry.js';

export interface Match {
  route: Route;
  path: Record<string, string>;
}

interface Compiled {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly byMethod = new Map<string, Compiled[]>();
  readonly types = new Map<string, ObjectType>();

  constructor(modules: readonly ResourceModule[]) {
    for (const module of modules) {
      for (const type of module.types) this.types.set(type.name, type);
      for (const route of module.routes) {
        // §1.5: every endpoint takes `expand[]`.
        const withExpand: Route = { ...route, params: { ...route.params, expand: p.list(p.string()) } };
        const list = this.byMethod.get(route.method) ?? [];
        list.push({ route: withExpand, segments: route.pattern.split('/') });
        this.byMethod.set(route.method, list);
      }
    }
  }

  match(method: string, path: string): Match | undefined {
    const segments = path.split('/');
    for (const candidate of this.byMethod.get(method) ?? []) {
      if (candidate.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length; i += 1) {
        const want = candidate.segments[i];
        if (want.startsWith(':')) {
          if (segments[i] === '') {
            ok = false;
            break;
          }
          params[want.slice(1)] = decodeURIComponent(segments[i]);
        } else if (want !== segments[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: candidate.route, path: params };
    }
    return undefined;
  }
}
