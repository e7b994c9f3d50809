import { render, screen } from '@testing-library/react';
import { AlertPriority } from './AlertPriority';

describe('AlertPriority', () => {
  it('shows the priority and each tag, and names the rule that set them', () => {
    render(
      <AlertPriority
        alert={{
          priority: 'P1',
          tags: ['vip', 'key-account'],
          alertRule: 'VIP callers',
        }}
      />,
    );
    expect(screen.getByText('P1')).toBeInTheDocument();
    expect(screen.getByText('vip')).toBeInTheDocument();
    expect(screen.getByText('key-account')).toBeInTheDocument();
    expect(
      screen.getByTitle("Set by the alert rule 'VIP callers'"),
    ).toBeInTheDocument();
  });

  it('shows the priority alone for an alert no rule matched', () => {
    const { container } = render(
      <AlertPriority alert={{ priority: 'P3', tags: [] }} />,
    );
    expect(container).toHaveTextContent(/^P3$/);
    expect(container.querySelector('[title]')).toBeNull();
  });
});
