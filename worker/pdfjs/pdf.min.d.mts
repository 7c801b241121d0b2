// Types for the PDF.js build beside this file (a link into node_modules/pdfjs-dist/build).
export * from 'pdfjs-dist';
