/** `viewer_states`: one viewer's fold without its records (@jmm/domain encodeViewerState), RFC 8785 JSON. */
export interface ViewerStatesTable {
  viewer: string;
  state: string;
}
