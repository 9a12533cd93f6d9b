export * from "./fields";
export * from "./lists";
export * from "./rules";
