/** The sign-in page: shown whenever there is no session (the URL, i.e. the view, is kept for after). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useLogin } from '../api/hooks';

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'That email and password do not match an account.';
    if (error.status === 429) return `Too many sign-in attempts. Wait ${error.retryAfter ? `${error.retryAfter} seconds` : 'a minute'} and try again.`;
    if (error.status === 400) return 'Enter an email address and a password.';
    if (error.status === 0) return error.message;
  }
  return 'Signing in failed. Try again in a moment.';
}

export function SignIn() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Parley';
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate={false}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Parley
        </div>
        <h1 id="sign-in-title" data-testid="page-title">
          Sign in
        </h1>
        <p className="muted">Messaging analytics for your workspace.</p>
        <label className="stacked-field">
          <span>Email</span>
          <input
            ref={emailRef}
            className="control"
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="stacked-field">
          <span>Password</span>
          <input
            className="control"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {login.isError && (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {loginError(login.error)}
          </p>
        )}
        <button type="submit" className="button primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
