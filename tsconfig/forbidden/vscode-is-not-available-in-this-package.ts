// Never compiled. The tsconfig of every package that must run outside VS Code maps `vscode` here
// (`paths`), a file no project includes, so `import 'vscode'` there fails with TS6307 at the import
// instead of resolving through node_modules/@types/vscode (CONTRIBUTING.md, "Package boundaries").
export {};
