import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeMaplibre } from './fake-maplibre.ts';
import IncidentMap from './IncidentMap.tsx';
import { HIGHLIGHT_SOURCE, INCIDENT_SOURCE, POINT_LAYER } from './incident-map-style.ts';
import { makeIncident } from './test-incidents.ts';

const fake = vi.hoisted((): FakeMaplibre => ({ maps: [], webgl: true }));
vi.mock('./load-maplibre.ts', async () => (await import('./fake-maplibre.ts')).fakeLoadMaplibre(fake));
vi.mock('../i18n/i18n-context.tsx', async () => {
  const { createTestI18n } = await import('./test-i18n.ts');
  return { useI18n: () => createTestI18n('ltr') };
});

const peshawar = makeIncident({ digest: 'd-peshawar', lat: 34.0151, lon: 71.5249, admin1: 'PK-KP' });
const kabul = makeIncident({ digest: 'd-kabul', lat: 34.5281, lon: 69.1723, kind: 'observation' });

beforeEach(() => {
  fake.maps = [];
  fake.webgl = true;
});
afterEach(cleanup);

function loadedMap() {
  const map = fake.maps.at(-1)!;
  act(() => {
    map.fire('load', undefined);
  });
  return map;
}

describe('IncidentMap', () => {
  it('is a labelled region', () => {
    render(
      <IncidentMap incidents={[peshawar]} onSelect={() => undefined} ariaLabel="Incidents on the map" />,
    );
    expect(screen.getByRole('region', { name: 'Incidents on the map' })).toBeDefined();
  });

  it('draws the incidents once the map has loaded, and fits them', () => {
    render(<IncidentMap incidents={[peshawar, kabul]} onSelect={() => undefined} />);
    const map = loadedMap();
    expect(map.options.bounds).toEqual([
      [69.1723, 34.0151 - 0.5],
      [71.5249, 34.5281 + 0.5],
    ]);
    expect(map.dataOf(INCIDENT_SOURCE)).toMatchObject({
      features: [{ properties: { digest: 'd-peshawar' } }, {}],
    });
  });

  it('calls onSelect with the digest of a clicked circle', () => {
    const onSelect = vi.fn();
    render(<IncidentMap incidents={[peshawar]} onSelect={onSelect} />);
    const map = loadedMap();
    map.fire('click', POINT_LAYER, { features: [{ properties: { digest: 'd-peshawar' } }] });
    expect(onSelect).toHaveBeenCalledWith('d-peshawar');
  });

  describe('when the props change', () => {
    it('updates the sources and refits without recreating the map', () => {
      const { rerender } = render(<IncidentMap incidents={[peshawar]} onSelect={() => undefined} />);
      const map = loadedMap();
      rerender(<IncidentMap incidents={[peshawar, kabul]} selected="d-kabul" onSelect={() => undefined} />);
      expect(fake.maps).toHaveLength(1);
      expect(map.dataOf(INCIDENT_SOURCE)).toMatchObject({ features: [{}, {}] });
      expect(map.dataOf(HIGHLIGHT_SOURCE)).toMatchObject({
        features: [{ properties: { digest: 'd-kabul', role: 'selected' } }],
      });
      expect(map.fitBounds).toHaveBeenCalledTimes(1);
    });
  });

  it('removes the map on unmount', () => {
    const { unmount } = render(<IncidentMap incidents={[]} onSelect={() => undefined} />);
    const map = loadedMap();
    unmount();
    expect(map.remove).toHaveBeenCalled();
  });

  describe('for a keyboard user', () => {
    it('offers every incident as a button in one tab stop, and Enter selects it', () => {
      const onSelect = vi.fn();
      render(<IncidentMap incidents={[peshawar, kabul]} selected="d-kabul" onSelect={onSelect} />);
      loadedMap();
      const buttons = screen.getAllByRole('button');
      expect(buttons.map((b) => b.textContent)).toEqual([
        'Allegation, Khyber Pakhtunkhwa, 2025-03-01 (reported)',
        'Observation, 34.528, 69.172, 2025-03-01 (reported)',
      ]);
      expect(buttons.map((b) => b.tabIndex)).toEqual([-1, 0]);
      expect(buttons[1]?.getAttribute('aria-current')).toBe('true');
      buttons[1]!.focus();
      fireEvent.keyDown(buttons[1]!, { key: 'ArrowUp' });
      expect(document.activeElement).toBe(buttons[0]);
      fireEvent.click(buttons[0]!);
      expect(onSelect).toHaveBeenCalledWith('d-peshawar');
    });

    it('rings the focused incident on the map', () => {
      render(<IncidentMap incidents={[peshawar, kabul]} onSelect={() => undefined} />);
      const map = loadedMap();
      fireEvent.focus(screen.getAllByRole('button')[0]!);
      expect(map.dataOf(HIGHLIGHT_SOURCE)).toMatchObject({
        features: [{ properties: { digest: 'd-peshawar', role: 'focused' } }],
      });
    });
  });

  describe('when the browser has no WebGL', () => {
    it('says so and shows the list instead of a blank box', () => {
      fake.webgl = false;
      render(<IncidentMap incidents={[peshawar]} onSelect={() => undefined} />);
      expect(screen.getByRole('status').textContent).toMatch(/WebGL/);
      expect(screen.getByRole('button').closest('.jmm-map__list--shown')).not.toBeNull();
    });
  });
});
