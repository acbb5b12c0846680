import { RpaError } from '../../common/errors.js';
import type { IdentityService } from '../identity/identityService.js';
import type { Caller, Connection } from './caller.js';
import type { Handlers } from './router.js';

type IdentityCommand =
  | 'session.state'
  | 'session.signIn'
  | 'session.resume'
  | 'session.setup'
  | 'session.signOut'
  | 'session.changePassword'
  | 'users.directory'
  | 'users.list'
  | 'users.create'
  | 'users.update'
  | 'users.resetPassword';

function connectionOf(caller: Caller): Connection {
  if (!caller.connection) throw new RpaError('invalid_input', 'This command needs a connection to sign in on');
  return caller.connection;
}

/** The handlers of sign-in and users. */
export function createIdentityHandlers(identity: IdentityService): Pick<Handlers, IdentityCommand> {
  return {
    'session.state': (_input, caller) => identity.state(connectionOf(caller)),
    'session.signIn': (input, caller) => identity.signIn(connectionOf(caller), input.username, input.password),
    'session.resume': (input, caller) => identity.resume(connectionOf(caller), input.token),
    'session.setup': (input, caller) => identity.setup(connectionOf(caller), input),
    'session.signOut': (_input, caller) => {
      identity.signOut(caller);
      return { done: true } as const;
    },
    'session.changePassword': async (input, caller) => {
      await identity.changePassword(caller, input.currentPassword, input.newPassword);
      return { done: true } as const;
    },
    'users.directory': () => identity.directory(),
    'users.list': () => identity.list(),
    'users.create': (input, caller) => identity.create(caller, input),
    'users.update': (input, caller) => identity.update(caller, input),
    'users.resetPassword': (input, caller) => identity.resetPassword(caller, input.userId, input.password),
  };
}
