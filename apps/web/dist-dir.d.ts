export declare const WEB_DIST_DIR: string;
