// @exlic/form's controller in Vue: the controller is the store (subscribe / getSnapshot); Vue holds
// the latest snapshot in a shallow ref, so a screen re-renders once per change and reads every field's
// state, prompt and lookup from it. The language follows the portal's switch.
import { createApplicationForm, type ApplicationForm, type FormSnapshot } from '@exlic/form';
import type { Me } from '@exlic/client';
import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import { lang } from './i18n';

/** A controller and its snapshot, recreated by `reset`. */
export interface FormStore {
  readonly form: ShallowRef<ApplicationForm>;
  readonly snapshot: ShallowRef<FormSnapshot>;
  /** A new, empty application for the account. */
  reset(me: Me | undefined): void;
}

/** Creates the controller for the account (the test profile: the sandbox is a 联调环境) and keeps its snapshot current. */
export function useFormStore(me: Me | undefined): FormStore {
  const make = (account: Me | undefined) => createApplicationForm({ profile: 'test', lang: lang.value, ...(account ? { account } : {}) });
  const form = shallowRef(make(me));
  const snapshot = shallowRef(form.value.getSnapshot());
  let stop = form.value.subscribe(() => (snapshot.value = form.value.getSnapshot()));
  watch(lang, (next) => form.value.setLang(next));
  onBeforeUnmount(() => {
    stop();
    form.value.dispose();
  });
  return {
    form,
    snapshot,
    reset(account) {
      stop();
      form.value.dispose();
      form.value = make(account);
      snapshot.value = form.value.getSnapshot();
      stop = form.value.subscribe(() => (snapshot.value = form.value.getSnapshot()));
    },
  };
}
