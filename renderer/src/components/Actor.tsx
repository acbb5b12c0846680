import { useActorName } from '../queries/directory';

/** Who did something, by display name; the recorded user name shows on hover. */
export function Actor({ name, testId }: { name: string; testId?: string }) {
  const shown = useActorName()(name);
  return (
    <span className="actor" title={shown === name ? undefined : name} data-testid={testId} data-actor={name}>
      {shown}
    </span>
  );
}
