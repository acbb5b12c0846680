import { useState, type FormEvent } from 'react';
import { RpaError } from '../../../electron/common/errors';
import { errorMessage } from '../stores/toasts';

type FieldErrors = Partial<Record<string, string>>;

/**
 * A form that checks its fields, then asks the core: `check` says what is wrong per field (nothing
 * is sent while anything is); `run` does the work and, when it is done, whatever follows (a toast,
 * closing). While it runs the form is busy; when the core refuses, the form stops being busy, shows
 * the core's words, and `refused` picks the field errors out of the refusal (by default, all of them).
 * A success leaves the form busy, as the form goes away next.
 */
export function useFormSubmit<Errors extends FieldErrors>({
  check,
  run,
  refused = (fields) => fields as Errors,
}: {
  check: () => Errors;
  run: () => Promise<void>;
  refused?: (fields: Record<string, string>) => Errors | undefined;
}) {
  const [errors, setErrors] = useState<Errors>({} as Errors);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      await run();
    } catch (err) {
      setBusy(false);
      const fields = err instanceof RpaError && err.fields ? refused(err.fields) : undefined;
      if (fields) setErrors(fields);
      setFormError(errorMessage(err));
    }
  }

  return { errors, formError, busy, onSubmit: (event: FormEvent<HTMLFormElement>) => void submit(event) };
}
