import { useSyncExternalStore } from 'react';
import type { ApplicationForm } from '@exlic/form';

/** One field: its label, its input (a lookup where it has one), its red prompt. Re-renders only when this field changes. */
export function Field({ form, path }: { form: ApplicationForm; path: string }) {
  const field = useSyncExternalStore(form.subscribe, () => form.getField(path), () => form.getField(path));
  const lang = useSyncExternalStore(form.subscribe, () => form.getSnapshot().lang, () => form.getSnapshot().lang);
  if (!field || field.state === 'hidden') return null;
  const lookup = field.lookup;
  return (
    <label className={`field ${field.state}`}>
      {field.label[lang]}
      <input
        value={lookup?.open ? lookup.query : String(field.value ?? '')}
        readOnly={field.state === 'grey'}
        aria-invalid={field.violations.length > 0}
        onChange={(event) => (lookup ? form.search(path, event.target.value) : form.setValue(path, event.target.value))}
        onKeyDown={(event) => {
          if (lookup && form.lookupKey(path, event.key)) event.preventDefault();
        }}
        onBlur={() => form.touch(path)}
      />
      {lookup?.display && !lookup.open ? <span className="name">{lookup.display[lang]}</span> : null}
      {lookup?.open ? (
        <ul role="listbox">
          {lookup.suggestions.map((suggestion, index) => (
            <li key={suggestion.code} role="option" aria-selected={index === lookup.active} onMouseDown={() => form.pick(path, index)}>
              {suggestion.code} {suggestion.name}
            </li>
          ))}
        </ul>
      ) : null}
      {field.touched && field.prompt ? <span className="prompt">{field.prompt}</span> : null}
    </label>
  );
}

/** 申报: disabled until the rules, the attachments and the status allow it, with the reasons listed. */
export function DeclareButton({ form, onDeclare }: { form: ApplicationForm; onDeclare: (application: ReturnType<ApplicationForm['toApplication']>) => void }) {
  const snapshot = useSyncExternalStore(form.subscribe, form.getSnapshot, form.getSnapshot);
  const declare = () => {
    form.flush(); // run a pending check now
    if (form.getSnapshot().canDeclare) onDeclare(form.toApplication());
  };
  return (
    <div>
      <button type="button" disabled={!snapshot.canDeclare} onClick={declare}>
        {snapshot.lang === 'zh' ? '申报' : 'Declare'}
      </button>
      <ul className="blockers">
        {snapshot.declareBlockers.map((reason, index) => (
          <li key={index}>{reason.path ? <a href={`#${reason.path}`}>{reason.text}</a> : reason.text}</li>
        ))}
      </ul>
    </div>
  );
}
