import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeMaplibre } from './fake-maplibre.ts';
import LocationPicker from './LocationPicker.tsx';

const fake = vi.hoisted((): FakeMaplibre => ({ maps: [], webgl: true }));
vi.mock('./load-maplibre.ts', async () => (await import('./fake-maplibre.ts')).fakeLoadMaplibre(fake));
vi.mock('../i18n/i18n-context.tsx', async () => {
  const { createTestI18n } = await import('./test-i18n.ts');
  return { useI18n: () => createTestI18n('ltr') };
});

beforeEach(() => {
  fake.maps = [];
  fake.webgl = true;
});
afterEach(cleanup);

describe('LocationPicker', () => {
  it('places the point where the map is clicked, with its province', () => {
    const onChange = vi.fn();
    render(<LocationPicker value={undefined} onChange={onChange} label="Location" />);
    const map = fake.maps[0]!;
    act(() => {
      map.fire('load', undefined);
    });
    act(() => {
      map.fire('click', undefined, { lngLat: { lat: 34.528123456, wrap: () => ({ lng: 69.172345678 }) } });
    });
    expect(onChange).toHaveBeenCalledWith({ lat: 34.52812, lon: 69.17235, admin1: 'AF-KAB' });
    expect(screen.getByLabelText<HTMLInputElement>(/Latitude/).value).toBe('34.52812');
    expect(screen.getByLabelText<HTMLInputElement>(/Longitude/).value).toBe('69.17235');
  });

  describe('typing coordinates (the accessible path)', () => {
    it('reports the point once both are valid', () => {
      const onChange = vi.fn();
      render(<LocationPicker value={undefined} onChange={onChange} label="Location" />);
      fireEvent.change(screen.getByLabelText(/Latitude/), { target: { value: '34.0151' } });
      expect(onChange).not.toHaveBeenCalled();
      fireEvent.change(screen.getByLabelText(/Longitude/), { target: { value: '71.5249' } });
      expect(onChange).toHaveBeenLastCalledWith({ lat: 34.0151, lon: 71.5249, admin1: 'PK-KP' });
    });

    it('marks an out-of-range latitude invalid and reports nothing', () => {
      const onChange = vi.fn();
      render(<LocationPicker value={{ lat: 34, lon: 71 }} onChange={onChange} label="Location" />);
      const latitude = screen.getByLabelText(/Latitude/);
      fireEvent.change(latitude, { target: { value: '134' } });
      expect(latitude.getAttribute('aria-invalid')).toBe('true');
      expect(onChange).not.toHaveBeenCalled();
    });
  });

  it('names the province under the point, or says it is outside', () => {
    const { rerender } = render(
      <LocationPicker value={{ lat: 34.0151, lon: 71.5249 }} onChange={() => undefined} label="Location" />,
    );
    expect(screen.getByText('Province: Khyber Pakhtunkhwa')).toBeDefined();
    rerender(<LocationPicker value={{ lat: 22, lon: 64 }} onChange={() => undefined} label="Location" />);
    expect(screen.getByText('Outside the provinces of Pakistan and Afghanistan')).toBeDefined();
    expect(screen.getByLabelText<HTMLInputElement>(/Latitude/).value).toBe('22');
    expect(fake.maps).toHaveLength(1);
  });

  it('keeps the inputs when the browser has no WebGL, and says why there is no map', () => {
    fake.webgl = false;
    render(<LocationPicker value={undefined} onChange={() => undefined} label="Location" />);
    expect(screen.getByRole('status').textContent).toMatch(/Type the latitude and longitude/);
    expect(screen.getByLabelText(/Latitude/)).toBeDefined();
  });

  it('removes the map on unmount', () => {
    const { unmount } = render(
      <LocationPicker value={undefined} onChange={() => undefined} label="Location" />,
    );
    unmount();
    expect(fake.maps[0]?.remove).toHaveBeenCalled();
  });
});
